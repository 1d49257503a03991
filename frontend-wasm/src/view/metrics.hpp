// Every measure of the card in CSS pixels, named once (as ImGuiStyle names ImGui's): the
// layout computes positions from these, and the drawing only uses those positions.
#pragma once

namespace ui {

struct CardMetrics {
  float max_width = 360;     // of the card on a wide screen
  float screen_margin = 12;  // between the card and the window's edges
  float corner_radius = 12;
  float padding = 24;         // inside the card
  float padding_narrow = 20;  // on cards narrower than `narrow`
  float narrow = 330;
  float header_height = 40;   // the title row; the Settings button is a circle this tall
  float header_gap = 12;      // below it
  float number_line = 1.1f;   // the number's line, in units of its font size
  float caption_height = 24;  // the line under the number
  float waiting_height = 22;  // "3 sales waiting to sync"
  float banner_gap = 12;      // above each banner
  float banner_inset = 12;    // around a banner's text
  float banner_icon = 30;     // the icon's column
  float banner_radius = 8;
  float banner_action_height = 32;  // a banner's text button (Dismiss)
  float banner_action_width = 96;
  float actions_gap = 16;  // above Sold one
  float button_height = 42;
  float button_min_width = 180;
  float button_label_room = 48;  // around a button's label, in total
  float button_radius = 6;
  float focus_ring_gap = 3;
  float loading_spinner_radius = 20;
  float button_spinner_radius = 9;
  float menu_width = 190;
  float menu_item_height = 40;
  float menu_padding = 8;
  float menu_indent = 16;
  float menu_gap = 4;  // between the gear and its menu
  float dialog_max_width = 380;
  float dialog_padding = 24;
  float dialog_button_height = 40;
  float dialog_confirm_width = 112;
  float dialog_cancel_width = 96;
  float dialog_button_gap = 8;
};

inline constexpr CardMetrics kCardMetrics{};

}  // namespace ui
