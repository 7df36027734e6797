module example.com/gamma

require (
	example.com/logging v1.3.2
)
