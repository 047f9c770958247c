// A shared library shaped like a model from before libcnnrt: it exports the C API, no entry point.

extern "C" int cnn_create(void **model) {
  *model = nullptr;
  return 1;
}
