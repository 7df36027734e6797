module example.com/alpha

require (
	example.com/logging v1.0.6
)
