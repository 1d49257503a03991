// Draws the card from the view-model's state and reports what the user asked for. It does not
// know HTTP; the view-model does not know ImGui.
#pragma once

#include <cstdint>
#include <optional>

#include "app_fonts.hpp"
#include "theme.hpp"
#include "view_model.hpp"

namespace ui {

struct CardIntents {
  bool sell = false;
  bool open_reset = false;
  bool cancel_reset = false;
  bool confirm_reset = false;
  std::optional<std::int64_t> reset_target;  // the dialog's number, when edited
};

class CardView {
 public:
  // Draws one frame of the card, full window; `time` drives the spinners.
  CardIntents draw(const CounterViewModel& vm, const Theme& t, const Fonts& f, float time);

 private:
  void draw_settings_menu(const Theme& t, const Fonts& f, CardIntents& out);
  void draw_reset_dialog(const CounterViewModel& vm, const Theme& t, const Fonts& f, float time,
                         CardIntents& out);

  // Keyboard focus among the card's two buttons (Tab, Shift+Tab); none until Tab is pressed,
  // and dropped again on a mouse click.
  enum class Focus { none, settings, sell };
  void move_focus(const CounterViewModel& vm);

  Focus focus_ = Focus::none;
  ImVec2 gear_min_{}, gear_max_{};
  bool dialog_was_open_ = false;
  std::int64_t edited_target_ = 0;
};

}  // namespace ui
