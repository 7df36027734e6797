module example.com/app

require (
	example.com/alpha v1.0.0
	example.com/beta v1.2.0
)
