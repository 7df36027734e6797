module example.com/yourmodule
