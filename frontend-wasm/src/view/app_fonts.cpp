#include "app_fonts.hpp"

#include "view/fonts.hpp"

namespace ui {

namespace {

// Keep in step with the character sets in tools/embed_font.py.
const ImWchar kTextRanges[] = {0x0020, 0x007E, 0x00B7, 0x00B7, 0x00D7, 0x00D7, 0x2013,
                               0x2014, 0x2019, 0x2019, 0x2026, 0x2026, 0};
const ImWchar kDigitRanges[] = {0x0030, 0x0039, 0x2014, 0x2014, 0};
const ImWchar kIconRanges[] = {0xE000, 0xE000, 0xE2C1, 0xE2C1, 0xE5CE, 0xE5CF,
                               0xE88E, 0xE88E, 0xE8B8, 0xE8B8, 0};

ImFont* add(const fonts::FontBytes& bytes, float size, float dpr, const ImWchar* ranges) {
  ImFontConfig config;
  config.FontDataOwnedByAtlas = false;  // the bytes are static data in the wasm
  // Horizontal oversampling sharpens small text at fractional positions; from ~30 device
  // pixels up it shows no difference and only doubles the rasterising (the first frame waits).
  config.OversampleH = size * dpr < 30 ? 2 : 1;
  config.OversampleV = 1;
  config.PixelSnapH = false;
  return ImGui::GetIO().Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(bytes.data),
                                                    bytes.size, size * dpr, &config, ranges);
}

}  // namespace

Fonts load_fonts(float dpr) {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  Fonts f;
  f.body = add(fonts::roboto_regular, 15, dpr, kTextRanges);
  f.small = add(fonts::roboto_regular, 12, dpr, kTextRanges);
  f.title = add(fonts::roboto_regular, 22, dpr, kTextRanges);
  f.number = add(fonts::roboto_regular, 72, dpr, kDigitRanges);
  f.button = add(fonts::roboto_medium, 15, dpr, kTextRanges);
  f.icon = add(fonts::material_icons, 24, dpr, kIconRanges);
  f.small_icon = add(fonts::material_icons, 20, dpr, kIconRanges);
  io.Fonts->Build();
  io.FontGlobalScale = 1.0f / dpr;
  io.FontDefault = f.body;
  return f;
}

}  // namespace ui

// Dear ImGui 1.86 links its own font (ProggyClean, 12 KB of the wasm) for an atlas built with
// no font, which never happens here: load_fonts adds ours first. The build links this in its
// place (--wrap in app.cmake), so that font is left out.
extern "C" ImFont* __wrap__ZN11ImFontAtlas14AddFontDefaultEPK12ImFontConfig(ImFontAtlas*,
                                                                            const ImFontConfig*) {
  __builtin_trap();
}
