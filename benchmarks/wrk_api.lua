-- wrk script for benchmarks/api_throughput.py (wrk 4.x, LuaJIT). Configured by environment:
--   BENCH_MODE    create | list   (create: POST distinct finished entries; list: GET one path)
--   BENCH_PATH    request path
--   BENCH_KEY     value of X-Api-Key
--   BENCH_OFFSET  seconds added to 2020-01-01T00:00:00Z so every wrk run writes its own start times
-- Every response whose status is not 2xx is counted (by status) and so are wrk's socket errors;
-- done() prints one line "BENCH_JSON {...}" that the Python script parses.
-- e.g. BENCH_MODE=list BENCH_PATH=/healthz BENCH_KEY=x wrk -t1 -c32 -d5s -s benchmarks/wrk_api.lua http://127.0.0.1:8080

local mode = os.getenv("BENCH_MODE") or "list"
local path = os.getenv("BENCH_PATH") or "/"
local key = os.getenv("BENCH_KEY") or ""
local offset = tonumber(os.getenv("BENCH_OFFSET") or "0")
local BASE = 1577836800 -- 2020-01-01T00:00:00Z
local PER_THREAD = 1000000 -- distinct start seconds per thread and run

local threads = {}
local thread_count = 0

function setup(thread)
   thread:set("tid", thread_count)
   thread_count = thread_count + 1
   table.insert(threads, thread)
end

-- per-thread state (each thread has its own Lua state)
tid = 0
counter = 0
statuses = {}
fixed = nil

function init(args)
   local headers = { ["X-Api-Key"] = key, ["Accept"] = "application/json" }
   if mode == "create" then
      headers["Content-Type"] = "application/json"
   else
      fixed = wrk.format("GET", path, headers)
   end
   wrk.headers = headers
end

local function iso(t)
   return os.date("!%Y-%m-%dT%H:%M:%SZ", t)
end

function request()
   if fixed then
      return fixed
   end
   counter = counter + 1
   local start = BASE + offset + tid * PER_THREAD + counter
   local body = '{"start":"' .. iso(start) .. '","end":"' .. iso(start + 1800)
      .. '","description":"bench ' .. tid .. "-" .. counter .. '","billable":false}'
   return wrk.format("POST", path, nil, body)
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      statuses[status] = (statuses[status] or 0) + 1
   end
end

function done(summary, latency, requests)
   local non2xx = 0
   local by_status = {}
   for _, thread in ipairs(threads) do
      local s = thread:get("statuses")
      for code, n in pairs(s) do
         non2xx = non2xx + n
         by_status[tostring(code)] = (by_status[tostring(code)] or 0) + n
      end
   end
   local parts = {}
   for code, n in pairs(by_status) do
      table.insert(parts, string.format('"%s":%d', code, n))
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"duration_us":%d,"requests":%d,"bytes":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d,"status_ge_400":%d,"non_2xx":%d},'
      .. '"non_2xx_by_status":{%s},'
      .. '"latency_us":{"min":%d,"mean":%.1f,"max":%d,"stdev":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d}}\n',
      summary.duration, summary.requests, summary.bytes,
      e.connect, e.read, e.write, e.timeout, e.status, non2xx,
      table.concat(parts, ","),
      latency.min, latency.mean, latency.max, latency.stdev,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end
