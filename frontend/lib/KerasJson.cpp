// JSON helpers of the Keras importer: parsing, required members, values shown in messages.
#include "KerasConfig.h"

namespace cnnc::keras {

Json parseJson(const std::string &text, const std::string &what) {
  try {
    return Json::parse(text);
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

std::string show(const Json &value) {
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
    text += (text.size() > 1 ? ", " : "") + show(element);
  return text + "]";
}

} // namespace cnnc::keras
