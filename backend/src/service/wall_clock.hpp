// The wall clock as the history records it: milliseconds since 1970 (UTC).
#pragma once

#include <chrono>
#include <cstdint>

namespace counterd {

inline std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace counterd
