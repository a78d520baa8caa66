-- Q7: NPS and response count per customer segment over all rows, ordered by
-- segment. Needs the extended table (bench/extend_csv.py: columns survey and
-- segment).
SELECT segment,
       COUNT(*) AS n,
       CAST(SUM(CASE WHEN score >= 9 THEN 1 ELSE 0 END)
            - SUM(CASE WHEN score <= 6 THEN 1 ELSE 0 END) AS DOUBLE PRECISION)
         * 100 / COUNT(*) AS nps
FROM responses
GROUP BY segment
ORDER BY segment
