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
  // The sales panel, below Sold one.
  float sales_collapse_below = 480;  // a window narrower than this starts with it closed
  float sales_gap = 20;              // between Sold one and the panel's divider
  float sales_header_height = 36;    // "Sales", its chevron, and the range toggle
  float sales_chip_width = 64;       // each of "24 H" and "14 D"
  float sales_chip_height = 28;
  float sales_chip_gap = 8;       // between the header's toggle and the chips
  float sales_today_height = 40;  // "12 sold today"
  float chart_height = 84;
  float chart_axis_height = 18;  // the labels under the bars
  float chart_bar_gap = 2;
  float chart_bar_radius = 2;
  float tooltip_padding = 6;
  float tooltip_offset = 10;       // between the pointer and the tooltip
  float recent_title_height = 28;  // "Recent"
  float recent_line_height = 21;
  // "Sold one · UNDO" after each sale, at the bottom of the view.
  float snackbar_width = 344;
  float snackbar_height = 48;
  float snackbar_gap = 8;
};

inline constexpr CardMetrics kCardMetrics{};

}  // namespace ui
