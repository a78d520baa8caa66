-- wrk script: GET the paths listed in PAGES_FILE (one per line) in turn, so
-- a run views many different survey links instead of one.
local paths = {}
local next_path = 1

function init(args)
  for line in io.lines(os.getenv("PAGES_FILE")) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  next_path = math.random(#paths)
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
