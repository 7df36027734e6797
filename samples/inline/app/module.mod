module example.com/app

require example.com/p v1.0.0
