// JSON helpers of the Keras importer: parsing, required members, values shown in messages.
#include "KerasConfig.h"

namespace cnnc::keras {

Json parseJson(const std::string &text, const std::string &what) {
  // Keras's configs nest a dozen levels; deeper ones would recurse deeply in every use.
  constexpr int kMaxDepth = 100;
  auto limitDepth = [&](int depth, Json::parse_event_t, Json &) {
    if (depth > kMaxDepth)
      throw ImportError(what + " nests deeper than " + std::to_string(kMaxDepth) + " levels");
    return true;
  };
  try {
    return Json::parse(text, limitDepth);
  } catch (const Json::parse_error &error) {
    // Drop nlohmann's "[json.exception.parse_error.101] " tag.
    std::string message = error.what();
    throw ImportError(what + " is not valid JSON: " + message.substr(message.find(']') + 2));
  }
}

const Json &member(const Json &object, const char *key, const std::string &what) {
  if (!object.is_object())
    throw ImportError(what + " is not a JSON object");
  auto found = object.find(key);
  if (found == object.end())
    throw ImportError(what + " has no \"" + key + "\"");
  return *found;
}

namespace {

// Python's spelling of a value, whole.
std::string showWhole(const Json &value) {
  if (value.is_string())
    return "'" + value.get<std::string>() + "'";
  if (value.is_null())
    return "None";
  if (value.is_boolean())
    return value.get<bool>() ? "True" : "False";
  if (!value.is_array())
    return value.dump();
  std::string text = "[";
  for (const Json &element : value)
    text += (text.size() > 1 ? ", " : "") + showWhole(element);
  return text + "]";
}

} // namespace

std::string show(const Json &value) {
  // A message shows at most this much of a value.
  constexpr size_t kShown = 80;
  std::string text = showWhole(value);
  if (text.size() > kShown)
    text = text.substr(0, kShown) + "... (" + std::to_string(text.size()) + " characters)";
  return text;
}

} // namespace cnnc::keras
