// Where everything of the card goes this frame, computed once from the metrics, the window's
// size and the texts shown: the card's height and its drawing come from the same numbers.
#pragma once

#include <imgui.h>

#include <cstddef>
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
  bool sales_open = false;
  std::size_t recent_lines = 0;     // the panel's last changes, as many as there are
  std::size_t recent_capacity = 0;  // as many as there can be: the card's place is kept for
                                    // them, so it does not move when they arrive
};

// The sales panel: a header row always, the rest while it is open.
struct SalesBox {
  float divider_y = 0;
  float header_y = 0;
  bool open = false;
  float today_y = 0;
  ImVec2 chart_min, chart_max;   // the bars; their labels below chart_max.y
  float recent_y = 0;            // "Recent", then one line each
  std::size_t recent_shown = 0;  // fewer than asked for when the screen is short
};

struct BannerBox {
  bool shown = false;
  ImVec2 min, max;
  float text_width = 0;  // wrap width of its text
};

struct CardLayout {
  ImVec2 min, max;        // the card
  float page_height = 0;  // what the card needs below the top of the page, with its margins
  float padding = 0;
  float inner = 0;     // width inside the padding
  float header_y = 0;  // top of the title row
  float number_y = 0, number_height = 0;
  float caption_y = 0;
  float waiting_y = 0;
  BannerBox banner, refused;
  ImVec2 button_min;
  ImVec2 button_size;
  SalesBox sales;
};

// `view` is the visible part of the page: its width, and the height the card is centred and fit
// in. A card taller than that (a phone held sideways) goes on below it and the page scrolls.
CardLayout layout_card(const CardMetrics& m, ImVec2 view, const Fonts& f, const CardTexts& text);

}  // namespace ui
