-- wrk script: sends DEPTH requests per write (HTTP/1.1 pipelining) to load a fast server harder
-- than one wrk thread can with one request in flight per connection.
-- Usage: wrk -s pipeline.lua URL -- DEPTH   (DEPTH defaults to 16)
-- wrk's latency percentiles are meaningless then (it times only the first request of a batch).
local batch

init = function(args)
  local depth = tonumber(args[1]) or 16
  local requests = {}
  for i = 1, depth do
    requests[i] = wrk.format(nil)
  end
  batch = table.concat(requests)
end

request = function()
  return batch
end
