-- Q8: survey 2 only: NPS and response count per (org, customer segment),
-- ordered by org, segment. Needs the extended table (bench/extend_csv.py).
SELECT org,
       segment,
       COUNT(*) AS n,
       CAST(SUM(CASE WHEN score >= 9 THEN 1 ELSE 0 END)
            - SUM(CASE WHEN score <= 6 THEN 1 ELSE 0 END) AS DOUBLE PRECISION)
         * 100 / COUNT(*) AS nps
FROM responses
WHERE survey = 2
GROUP BY org, segment
ORDER BY org, segment
