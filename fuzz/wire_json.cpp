// Any bytes into every JSON decoder of shared/: no crash, and what decodes encodes back to
// itself (a state the server sends is read by the UI as exactly that state).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "counter/wire.hpp"

namespace {

// When `decode` takes `body`, the encoding of what it read decodes to the same again.
template <class T>
void round_trip(counter::Decoded<T> (*decode)(std::string_view), std::string_view body) {
  const auto decoded = decode(body);
  const auto* value = std::get_if<T>(&decoded);
  if (!value) return;
  const auto again = decode(counter::to_json(*value));
  if (std::get<T>(again) != *value) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  round_trip(counter::decode_sale_request, body);
  round_trip(counter::decode_return_request, body);
  round_trip(counter::decode_reset_request, body);
  round_trip(counter::decode_counter_state, body);
  round_trip(counter::decode_problem, body);
  round_trip(counter::decode_live_state, body);
  return 0;
}
