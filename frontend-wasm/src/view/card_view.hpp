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
  std::optional<std::string> reset_text;  // the dialog's stock field, when edited
  std::optional<std::string> typed_code;  // the dialog's code, when edited
  std::optional<SalesRange> sales_range;  // the panel's range, when changed
  std::optional<bool> sales_open;         // the panel opened or closed (or its first state)
};

// The part of the page the user sees, in CSS pixels from the page's top.
struct Viewport {
  float top = 0;
  float height = 0;
};

class CardView {
 public:
  // Draws one frame of the card over the whole canvas; `time` drives the spinners. The card is
  // centred and fit in `view`; the dialog opens in its middle.
  CardIntents draw(const CounterViewModel& vm, const SalesViewModel& sales, const Theme& t,
                   const Fonts& f, float time, Viewport view);

  // The page height the last frame's card needs (more than the view: the page scrolls).
  float page_height() const { return page_height_; }

  // Where this frame's controls are, for the page to publish.
  const Hotspots& hotspots() const { return hotspots_; }

 private:
  void draw_settings_menu(const Theme& t, const Fonts& f, CardIntents& out);
  void draw_reset_dialog(const CounterViewModel& vm, const Theme& t, const Fonts& f, float time,
                         Viewport view, CardIntents& out);

  // Keyboard focus among the card's controls (Tab, Shift+Tab), in drawing order; none until
  // Tab is pressed, and dropped again on a mouse click.
  enum class Focus { none, settings, dismiss, sell, sales_toggle, sales_day, sales_fortnight };
  void move_focus(const CounterViewModel& vm, bool sales_open);
  // Whether `which` has the keyboard focus now (never while a menu or the dialog is open).
  bool focused(Focus which) const;
  SalesFocus sales_focus() const;

  // The dialog's own focus order: stock, code (when asked), Cancel, Reset.
  enum class DialogFocus { stock, code, cancel, confirm };
  void move_dialog_focus(const CounterViewModel& vm);

  const CardMetrics& m_ = kCardMetrics;
  Hotspots hotspots_;
  Focus focus_ = Focus::none;
  ImVec2 gear_max_{};
  DialogFocus dialog_focus_ = DialogFocus::stock;
  bool focus_field_ = false;  // give the focused text field the keyboard this frame
  float page_height_ = 0;
};

}  // namespace ui
