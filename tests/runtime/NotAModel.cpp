// A shared library without the cnn_* API, for cnn's "not a cnnc model library" error.

extern "C" int not_a_model(void) { return 0; }
