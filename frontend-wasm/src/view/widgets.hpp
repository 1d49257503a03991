// The card's own widgets, drawn with ImGui's draw list over invisible ImGui items (which keep
// ImGui's mouse handling). Sizes are in CSS pixels; radii and gaps come from CardMetrics.
//
// The keyboard is the page's: each control has a DOM counterpart (view/semantics.hpp) that takes
// the focus, Enter and Space. A widget told it is `focused` draws the focus ring.
#pragma once

#include <imgui.h>

#include <string>

#include "view/app_fonts.hpp"
#include "view/semantics.hpp"
#include "view/theme.hpp"

namespace ui::widgets {

// The font's size in CSS pixels (fonts are rasterised at size x devicePixelRatio).
float font_px(const ImFont* font);
ImVec2 text_size(const ImFont* font, const char* text, float wrap_width = 0);

// A rounded surface with a soft, layered shadow (Material elevation 2 or so).
void surface(ImDrawList* list, ImVec2 min, ImVec2 max, float rounding, const Theme& t);

// A contained button. Disabled: greyed, not clickable. Busy: a spinner instead of the label.
// Returns true when clicked.
bool primary_button(const char* id, const char* label, ImVec2 pos, ImVec2 size, bool enabled,
                    bool busy, bool focused, const Theme& t, const Fonts& f, float time);

// A flat text button (the dialog's Cancel, a banner's Dismiss) with its label in `ink`.
bool text_button(const char* id, const char* label, ImVec2 pos, ImVec2 size, bool focused,
                 const Theme& t, const Fonts& f, ImU32 ink);

// A round icon button (the Settings gear).
bool icon_button(const char* id, const char* glyph, ImVec2 pos, float size, bool focused,
                 const Theme& t, const Fonts& f);

// A one-line text field at the ImGui cursor, `width` wide, showing `text` (as asterisks when
// `password`): the page's <input> over it does the editing. `selection`: where the caret and the
// selected text are, when it has the focus.
void text_field(const char* id, float width, const std::string& text, bool password,
                const Selection* selection, bool focused, const Theme& t);

// The keyboard focus ring around min..max (like :focus-visible), when `focused`.
void focus_ring(bool focused, ImDrawList* list, ImVec2 min, ImVec2 max, float rounding,
                const Theme& t);

void spinner(ImDrawList* list, ImVec2 center, float radius, ImU32 color, float time);

}  // namespace ui::widgets
