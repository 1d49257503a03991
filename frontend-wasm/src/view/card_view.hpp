// Draws the card from the view-model's state and reports what the user asked for. It does not
// know HTTP or the page; the view-model does not know ImGui.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "model/sales_model.hpp"
#include "model/view_model.hpp"
#include "view/app_fonts.hpp"
#include "view/metrics.hpp"
#include "view/sales_panel.hpp"
#include "view/semantics.hpp"
#include "view/theme.hpp"

namespace ui {

struct CardIntents {
  bool sell = false;
  bool dismiss_refused = false;
  bool open_reset = false;
  bool cancel_reset = false;
  bool confirm_reset = false;
  std::optional<std::string> undo;  // the sale (its key) whose Undo was pressed
  bool open_return = false;
  bool cancel_return = false;
  bool confirm_return = false;
  bool edit_till = false;
  bool cancel_till = false;
  bool save_till = false;
  std::optional<std::string> till_text;   // the till dialog's field, when edited
  std::optional<std::string> reset_text;  // the dialog's stock field, when edited
  std::optional<std::string> typed_code;  // the dialog's code, when edited
  std::optional<SalesRange> sales_range;  // the panel's range, when changed
  std::optional<bool> sales_open;         // the panel opened or closed (or its first state)
  std::optional<std::string> focus;       // the page's focus goes to this node
  bool select_all = false;                // in the text field that gets the focus
};

// The part of the page the user sees, in CSS pixels from the page's top.
struct Viewport {
  float top = 0;
  float height = 0;
};

class CardView {
 public:
  // Draws one frame of the card over the whole canvas; `time` drives the spinners. The card is
  // centred and fit in `view`; the dialog opens in its middle. `input`: what was done to the
  // page's counterparts of the controls since the last frame.
  CardIntents draw(const CounterViewModel& vm, const SalesViewModel& sales, const PageInput& input,
                   const Theme& t, const Fonts& f, float time, Viewport view);

  // The page height the last frame's card needs (more than the view: the page scrolls).
  float page_height() const { return page_height_; }

  // This frame's controls, for the page's accessibility tree (and tests).
  const Semantics& semantics() const { return semantics_; }

 private:
  // `close`: the Settings button was activated again while its menu was open.
  void draw_settings_menu(const PageInput& input, bool close, const Theme& t, const Fonts& f,
                          CardIntents& out);
  void draw_reset_dialog(const CounterViewModel& vm, const PageInput& input, const Theme& t,
                         const Fonts& f, float time, Viewport view, CardIntents& out);
  void draw_till_dialog(const CounterViewModel& vm, const PageInput& input, const Theme& t,
                        const Fonts& f, Viewport view, CardIntents& out);
  void draw_return_dialog(const CounterViewModel& vm, const PageInput& input, const Theme& t,
                          const Fonts& f, Viewport view, CardIntents& out);
  // "Sold one · UNDO" for each sale made here, newest on top, at the bottom of the view.
  void draw_undo_offers(const CounterViewModel& vm, const PageInput& input, const Theme& t,
                        const Fonts& f, Viewport view, CardIntents& out);

  const CardMetrics& m_ = kCardMetrics;
  Semantics semantics_;
  ImVec2 gear_max_{};
  float page_height_ = 0;
};

}  // namespace ui
