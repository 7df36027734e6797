-- wrk: GET a random module page among the seeded modules (example.com/m00000 .. N-1).
local n = tonumber(os.getenv("REGISTRY_MODULES") or "10000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", string.format("/example.com/m%05d", math.random(0, n - 1)))
end
