module example.com/p/v2
