// The card's typefaces at its sizes, rasterised for the screen's pixel density.
#pragma once

#include <imgui.h>

namespace ui {

struct Fonts {
  ImFont* body = nullptr;        // 15 px Roboto
  ImFont* small = nullptr;       // 12 px Roboto: the chart's labels
  ImFont* title = nullptr;       // 22 px Roboto
  ImFont* number = nullptr;      // 72 px Roboto, digits only
  ImFont* button = nullptr;      // 15 px Roboto Medium
  ImFont* icon = nullptr;        // 24 px Material Icons
  ImFont* small_icon = nullptr;  // 20 px Material Icons
};

// (Re)builds the font atlas at `dpr` device pixels per CSS pixel: glyphs are rasterised at
// size x dpr and drawn at 1/dpr scale, so text stays sharp on every screen.
Fonts load_fonts(float dpr);

}  // namespace ui
