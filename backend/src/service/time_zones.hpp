// Named time zones as local clocks, by their real rules: the system's zone data (Debian's
// tzdata, /usr/share/zoneinfo) read through Howard Hinnant's date library.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "counter/sales.hpp"

namespace counterd {

// The clock of the zone `name` ("Europe/Berlin") from `from_ms` to `until_ms`: the offset in
// effect at from_ms, then one span for each change of it before until_ms. Nothing when no zone
// has that name.
std::optional<counter::LocalClock> zone_clock(std::string_view name, std::int64_t from_ms,
                                              std::int64_t until_ms);

}  // namespace counterd
