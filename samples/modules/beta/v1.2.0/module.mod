module example.com/beta

require (
	example.com/logging v1.2.0
)
