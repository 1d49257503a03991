// Where everything of the card goes this frame, computed once from the metrics, the window's
// size and the texts shown: the card's height and its drawing come from the same numbers.
#pragma once

#include <imgui.h>

#include <string>

#include "view/app_fonts.hpp"
#include "view/metrics.hpp"

namespace ui {

// The texts whose sizes the layout depends on (empty: not shown).
struct CardTexts {
  std::string banner;   // offline, or a notice
  std::string waiting;  // "3 sales waiting to sync"
  std::string refused;  // "1 sale could not be recorded: sold out"
  const char* button_label = "";
};

struct BannerBox {
  bool shown = false;
  ImVec2 min, max;
  float text_width = 0;  // wrap width of its text
};

struct CardLayout {
  ImVec2 min, max;  // the card
  float padding = 0;
  float inner = 0;     // width inside the padding
  float header_y = 0;  // top of the title row
  float number_y = 0, number_height = 0;
  float caption_y = 0;
  float waiting_y = 0;
  BannerBox banner, refused;
  ImVec2 button_min;
  ImVec2 button_size;
};

CardLayout layout_card(const CardMetrics& m, ImVec2 display, const Fonts& f, const CardTexts& text);

}  // namespace ui
