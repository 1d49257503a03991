#include "browser/webgl_renderer.hpp"

#include <GLES3/gl3.h>

#include <cstddef>
#include <cstdint>

namespace ui::webgl {

namespace {

constexpr const char* kVertexShader = R"(#version 300 es
uniform vec2 scale;
layout(location = 0) in vec2 position;
layout(location = 1) in vec2 uv;
layout(location = 2) in vec4 color;
out vec2 frag_uv;
out vec4 frag_color;
void main() {
  frag_uv = uv;
  frag_color = color;
  gl_Position = vec4(position * scale + vec2(-1.0, 1.0), 0.0, 1.0);
})";

// The atlas holds coverage only (ImGui's white pixel included): it scales the vertex's alpha.
constexpr const char* kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D atlas;
in vec2 frag_uv;
in vec4 frag_color;
out vec4 out_color;
void main() {
  out_color = vec4(frag_color.rgb, frag_color.a * texture(atlas, frag_uv).r);
})";

GLuint g_program = 0;
GLint g_scale = -1;
GLuint g_vertices = 0, g_indices = 0, g_layout = 0;
GLuint g_atlas = 0;

GLuint compile(GLenum kind, const char* source) {
  const GLuint shader = glCreateShader(kind);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  return shader;
}

}  // namespace

bool init() {
  const GLuint vertex = compile(GL_VERTEX_SHADER, kVertexShader);
  const GLuint fragment = compile(GL_FRAGMENT_SHADER, kFragmentShader);
  g_program = glCreateProgram();
  glAttachShader(g_program, vertex);
  glAttachShader(g_program, fragment);
  glLinkProgram(g_program);
  glDeleteShader(vertex);
  glDeleteShader(fragment);
  GLint linked = GL_FALSE;
  glGetProgramiv(g_program, GL_LINK_STATUS, &linked);
  if (linked != GL_TRUE) return false;
  glUseProgram(g_program);
  g_scale = glGetUniformLocation(g_program, "scale");
  glUniform1i(glGetUniformLocation(g_program, "atlas"), 0);

  glGenVertexArrays(1, &g_layout);
  glBindVertexArray(g_layout);
  glGenBuffers(1, &g_vertices);
  glGenBuffers(1, &g_indices);
  glBindBuffer(GL_ARRAY_BUFFER, g_vertices);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g_indices);
  constexpr GLsizei stride = sizeof(ImDrawVert);
  glEnableVertexAttribArray(0);
  glEnableVertexAttribArray(1);
  glEnableVertexAttribArray(2);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<void*>(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride,
                        reinterpret_cast<void*>(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride,
                        reinterpret_cast<void*>(offsetof(ImDrawVert, col)));

  // Straight alpha in, premultiplied canvas out (the page's default): as ImGui's backends blend.
  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glEnable(GL_SCISSOR_TEST);
  glActiveTexture(GL_TEXTURE0);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);  // the atlas's rows are bytes, any width
  ImGui::GetIO().BackendRendererName = "camera-counter-webgl2";
  return true;
}

void upload_fonts() {
  ImFontAtlas& fonts = *ImGui::GetIO().Fonts;
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  fonts.GetTexDataAsAlpha8(&pixels, &width, &height);
  if (g_atlas) glDeleteTextures(1, &g_atlas);
  glGenTextures(1, &g_atlas);
  glBindTexture(GL_TEXTURE_2D, g_atlas);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
  fonts.SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(g_atlas)));
  fonts.ClearTexData();  // the GPU has it now
}

void draw(const ImDrawData& frame, const ImVec4& background) {
  const ImVec2 scale = frame.FramebufferScale;
  const int width = static_cast<int>(frame.DisplaySize.x * scale.x);
  const int height = static_cast<int>(frame.DisplaySize.y * scale.y);
  glViewport(0, 0, width, height);
  glScissor(0, 0, width, height);
  glClearColor(background.x, background.y, background.z, 1);
  glClear(GL_COLOR_BUFFER_BIT);
  if (width <= 0 || height <= 0) return;
  // ImGui's coordinates (CSS pixels from the top left: one viewport, at (0, 0)) to clip space.
  glUniform2f(g_scale, 2.0f / frame.DisplaySize.x, -2.0f / frame.DisplaySize.y);
  for (int l = 0; l < frame.CmdListsCount; ++l) {
    const ImDrawList& list = *frame.CmdLists[l];
    glBufferData(GL_ARRAY_BUFFER, list.VtxBuffer.Size * sizeof(ImDrawVert), list.VtxBuffer.Data,
                 GL_STREAM_DRAW);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, list.IdxBuffer.Size * sizeof(ImDrawIdx),
                 list.IdxBuffer.Data, GL_STREAM_DRAW);
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      // No callbacks are used; the vertex offset is always 0 (no RendererHasVtxOffset).
      const ImVec2 min(cmd.ClipRect.x * scale.x, cmd.ClipRect.y * scale.y);
      const ImVec2 max(cmd.ClipRect.z * scale.x, cmd.ClipRect.w * scale.y);
      if (max.x <= min.x || max.y <= min.y) continue;
      glScissor(static_cast<int>(min.x), static_cast<int>(height - max.y),
                static_cast<int>(max.x - min.x), static_cast<int>(max.y - min.y));
      glBindTexture(GL_TEXTURE_2D,
                    static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(cmd.GetTexID())));
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount),
                     sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT,
                     reinterpret_cast<void*>(cmd.IdxOffset * sizeof(ImDrawIdx)));
    }
  }
}

}  // namespace ui::webgl
