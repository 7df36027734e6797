module example.com/p

require example.com/p/v2 v2.0.0
