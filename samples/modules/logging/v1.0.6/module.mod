module example.com/logging
