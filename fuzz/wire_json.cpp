// Any bytes into every JSON decoder of shared/: no crash, and what decodes encodes back to
// itself (a state the server sends is read by the UI as exactly that state).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "counter/wire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (auto sale = counter::decode_sale_request(body);
      const auto* r = std::get_if<counter::SaleRequest>(&sale)) {
    const auto again = counter::decode_sale_request(counter::to_json(*r));
    if (std::get<counter::SaleRequest>(again) != *r) std::abort();
  }
  if (auto back = counter::decode_return_request(body);
      const auto* r = std::get_if<counter::ReturnRequest>(&back)) {
    const auto again = counter::decode_return_request(counter::to_json(*r));
    if (std::get<counter::ReturnRequest>(again) != *r) std::abort();
  }
  if (auto reset = counter::decode_reset_request(body);
      const auto* r = std::get_if<counter::ResetRequest>(&reset)) {
    const auto again = counter::decode_reset_request(counter::to_json(*r));
    if (std::get<counter::ResetRequest>(again) != *r) std::abort();
  }
  if (auto state = counter::decode_counter_state(body);
      const auto* s = std::get_if<counter::CounterState>(&state)) {
    const auto again = counter::decode_counter_state(counter::to_json(*s));
    if (std::get<counter::CounterState>(again) != *s) std::abort();
  }
  if (auto problem = counter::decode_problem(body);
      const auto* p = std::get_if<counter::Problem>(&problem)) {
    const auto again = counter::decode_problem(counter::to_json(*p));
    if (std::get<counter::Problem>(again) != *p) std::abort();
  }
  return 0;
}
