// Any arguments and environment into the settings parser: split at NUL bytes into argv, with
// the same values also offered as every setting's variable. No crash; any Config it returns
// is within the documented ranges.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "config.hpp"
#include "counter/stock.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0)
      args.emplace_back();
    else
      args.back().push_back(static_cast<char>(data[i]));
  }
  counterd::Environment env;
  for (const char* name :
       {"COUNTERD_PORT", "COUNTERD_INITIAL_STOCK", "COUNTERD_STORE", "COUNTERD_THREADS"})
    env.emplace_back(name, args.front());
  for (const auto& e : {counterd::Environment{}, env}) {
    const auto result = counterd::parse_config(args, e);
    if (const auto* c = std::get_if<counterd::Config>(&result)) {
      if (!counter::is_valid_stock(c->initial_stock) || c->threads < 1 || c->threads > 256 ||
          c->data_dir.empty())
        std::abort();
    }
  }
  return 0;
}
