// Fonts compiled into the wasm (subset at build time by tools/embed_font.py).
#pragma once

namespace ui::fonts {

struct FontBytes {
  const unsigned char* data;
  int size;
};

extern const FontBytes roboto_regular;  // text and the big number
extern const FontBytes roboto_medium;   // button labels
extern const FontBytes material_icons;  // the gear and the status icons

// Material Icons code points the UI uses.
inline constexpr const char* kIconSettings = "\xee\xa2\xb8";    // U+E8B8
inline constexpr const char* kIconCloudOff = "\xee\x8b\x81";    // U+E2C1 cloud_off
inline constexpr const char* kIconInfo = "\xee\xa2\x8e";        // U+E88E info
inline constexpr const char* kIconError = "\xee\x80\x80";       // U+E000 error
inline constexpr const char* kIconExpandLess = "\xee\x97\x8e";  // U+E5CE expand_less
inline constexpr const char* kIconExpandMore = "\xee\x97\x8f";  // U+E5CF expand_more

}  // namespace ui::fonts
