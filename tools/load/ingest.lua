-- wrk script: POST /api/v1/responses batches with unique external ids.
-- Env: BELEVING_KEY (an API key with scope ingest), BATCH (responses per
-- request, default 10), RUN_ID (keeps ids unique across runs).
local counter = 0
local threads = {}
local thread_no = 0

function setup(thread)
  thread:set("tid", thread_no)
  thread_no = thread_no + 1
  table.insert(threads, thread)
end

function init(args)
  key = os.getenv("BELEVING_KEY")
  batch = tonumber(os.getenv("BATCH") or "10")
  run = os.getenv("RUN_ID") or "run"
end

function request()
  counter = counter + 1
  local items = {}
  for k = 1, batch do
    items[k] = string.format(
      '{"external_id":"%s-%d-%d-%d","submitted_at":"2025-03-01T10:00:00Z","customer":"c%d",' ..
      '"touchpoint":"balie","team":"verhuur","employee":"e%d","answers":{"nps":%d,"ces":%d,' ..
      '"comment":"Prima geholpen, snel en vriendelijk"}}',
      run, tid, counter, k, (counter * batch + k) % 500, k % 13, (counter + k) % 11, 1 + k % 7)
  end
  local body = '{"responses":[' .. table.concat(items, ",") .. ']}'
  return wrk.format("POST", "/api/v1/responses",
                    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key},
                    body)
end

function response(status, headers, body)
  if status ~= 201 and status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body:sub(1, 200) .. "\n")
  end
end
