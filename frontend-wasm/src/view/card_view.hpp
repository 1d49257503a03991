// Draws the card from the view-model's state and reports what the user asked for. It does not
// know HTTP or the page; the view-model does not know ImGui.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "model/sales_model.hpp"
#include "model/view_model.hpp"
#include "view/app_fonts.hpp"
#include "view/hotspots.hpp"
#include "view/metrics.hpp"
#include "view/sales_panel.hpp"
#include "view/theme.hpp"

namespace ui {

struct CardIntents {
  bool sell = false;
  bool dismiss_refused = false;
  bool open_reset = false;
  bool cancel_reset = false;
  bool confirm_reset = false;
  std::optional<std::int64_t> reset_target;  // the dialog's number, when edited
  std::optional<std::string> typed_code;     // the dialog's code, when edited
  std::optional<SalesRange> sales_range;     // the panel's range, when changed
};

class CardView {
 public:
  // Draws one frame of the card, full window; `time` drives the spinners.
  CardIntents draw(const CounterViewModel& vm, const SalesViewModel& sales, const Theme& t,
                   const Fonts& f, float time);

  // Whether the sales panel is open (it starts closed on a narrow window); false before the
  // first frame.
  bool sales_open() const { return sales_open_.value_or(false); }

  // Where this frame's controls are, for the page to publish.
  const Hotspots& hotspots() const { return hotspots_; }

 private:
  void draw_settings_menu(const Theme& t, const Fonts& f, CardIntents& out);
  void draw_reset_dialog(const CounterViewModel& vm, const Theme& t, const Fonts& f, float time,
                         CardIntents& out);

  // Keyboard focus among the card's controls (Tab, Shift+Tab), in drawing order; none until
  // Tab is pressed, and dropped again on a mouse click.
  enum class Focus { none, settings, sell, sales_toggle, sales_day, sales_fortnight };
  void move_focus(const CounterViewModel& vm);
  SalesFocus sales_focus() const;

  const CardMetrics& m_ = kCardMetrics;
  Hotspots hotspots_;
  Focus focus_ = Focus::none;
  ImVec2 gear_max_{};
  bool dialog_was_open_ = false;
  std::int64_t edited_target_ = 0;
  std::array<char, 64> edited_code_{};
  std::optional<bool> sales_open_;  // decided by the first frame's width
};

}  // namespace ui
