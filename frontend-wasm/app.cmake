# The Emscripten build of the UI: Dear ImGui from Debian's source package, fonts subset and
# embedded, then one dist/ folder with the page, hashed asset names and pre-compressed files.
# Debian's python3, which has python3-fonttools (another python3 may come first on PATH).
find_program(DEBIAN_PYTHON3 python3 PATHS /usr/bin NO_DEFAULT_PATH REQUIRED)

set(IMGUI_DIR ${CMAKE_BINARY_DIR}/third_party/imgui-1.86)
execute_process(COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/tools/fetch-imgui.sh ${CMAKE_BINARY_DIR}/third_party
                RESULT_VARIABLE fetch_result)
if(NOT fetch_result EQUAL 0)
  message(FATAL_ERROR "Could not fetch Dear ImGui's sources with apt-get source (is deb-src enabled?)")
endif()

add_library(imgui STATIC
  ${IMGUI_DIR}/imgui.cpp
  ${IMGUI_DIR}/imgui_draw.cpp
  ${IMGUI_DIR}/imgui_widgets.cpp
  ${IMGUI_DIR}/imgui_tables.cpp)
target_include_directories(imgui SYSTEM PUBLIC ${IMGUI_DIR})
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_FILE_FUNCTIONS
                                        IMGUI_DISABLE_DEMO_WINDOWS IMGUI_DISABLE_DEBUG_TOOLS)
target_compile_options(imgui PRIVATE -w)  # third-party code: its warnings are not ours to fix

# Fonts: subset at build time, compiled in as byte arrays.
set(ROBOTO_DIR /usr/share/fonts/truetype/roboto/unhinted/RobotoTTF)
set(ICONS_TTF /usr/share/fonts/truetype/material-design-icons-iconfont/MaterialIcons-Regular.ttf)
set(font_sources)
foreach(spec "roboto_regular|${ROBOTO_DIR}/Roboto-Regular.ttf|text"
             "roboto_medium|${ROBOTO_DIR}/Roboto-Medium.ttf|text"
             "material_icons|${ICONS_TTF}|icons")
  string(REPLACE "|" ";" parts "${spec}")
  list(GET parts 0 symbol)
  list(GET parts 1 ttf)
  list(GET parts 2 charset)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/font_${symbol}.cpp)
  add_custom_command(OUTPUT ${out}
    COMMAND ${DEBIAN_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/tools/embed_font.py ${ttf} ${symbol} ${charset} ${out}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/tools/embed_font.py ${ttf}
    COMMENT "Subsetting ${symbol}")
  list(APPEND font_sources ${out})
endforeach()

# The app's layers: model/ (no ImGui: also built natively for its tests), view/ (ImGui drawing,
# no HTTP, no DOM), browser/ (fetch, the page, frames, input), and main.cpp between them.
add_executable(camera_counter_ui
  src/main.cpp
  src/browser/a11y_tree.cpp
  src/browser/api_client.cpp
  src/browser/event_stream.cpp
  src/browser/dom_bridge.cpp
  src/browser/frame_scheduler.cpp
  src/browser/input_relay.cpp
  src/browser/sale_storage.cpp
  src/browser/webgl_renderer.cpp
  src/view/app_fonts.cpp
  src/view/card_layout.cpp
  src/view/card_view.cpp
  src/view/sales_panel.cpp
  src/view/theme.cpp
  src/view/widgets.cpp
  ${font_sources})
target_include_directories(camera_counter_ui PRIVATE src)
target_link_libraries(camera_counter_ui PRIVATE counter_view_model imgui)
set_target_properties(camera_counter_ui PROPERTIES OUTPUT_NAME index SUFFIX ".js")
target_link_options(camera_counter_ui PRIVATE
  -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2 -sALLOW_MEMORY_GROWTH=1
  -sNO_FILESYSTEM=1 -sENVIRONMENT=web
  # ImGui needs no WebGL extension; enabling them all one by one costs the first frame ~50 ms.
  -sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0 -sGL_SUPPORT_SIMPLE_ENABLE_EXTENSIONS=0
  # Less JavaScript: no fallbacks for browsers without TextDecoder, no GL error tracking or
  # temporary buffer pools, no deferred fullscreen/pointer-lock requests (none are made).
  -sTEXTDECODER=2 -sGL_TRACK_ERRORS=0 -sGL_POOL_TEMP_BUFFERS=0
  -sHTML5_SUPPORT_DEFERRING_USER_SENSITIVE_REQUESTS=0
  -sEXPORTED_FUNCTIONS=[_main,_malloc,_free] -sEXPORTED_RUNTIME_METHODS=[]
  -sMALLOC=emmalloc  # smaller than dlmalloc; the app allocates little, on one thread
  -Wl,--wrap=_ZN11ImFontAtlas14AddFontDefaultEPK12ImFontConfig  # see app_fonts.cpp
  -sINCOMING_MODULE_JS_API=[canvas,instantiateWasm,printErr]
  --js-library ${CMAKE_CURRENT_SOURCE_DIR}/src/browser/a11y_tree.js)
set_property(TARGET camera_counter_ui APPEND PROPERTY LINK_DEPENDS
             ${CMAKE_CURRENT_SOURCE_DIR}/src/browser/a11y_tree.js)

# dist/: the page shell from web/, the app under content-hashed names, the scripts minified
# (Debian's terser, run by Debian's node), .gz and .br beside each.
find_program(NODEJS node REQUIRED NO_CMAKE_FIND_ROOT_PATH)
option(CAMERA_COUNTER_DEV_RELOAD "Add the page reloader that `make dev` uses" OFF)
set(DIST_DIR ${CMAKE_BINARY_DIR}/dist)
set(dev_flag "$<$<BOOL:${CAMERA_COUNTER_DEV_RELOAD}>:--dev>")
file(GLOB_RECURSE web_files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/web/*)

# /api/docs: Swagger UI's static bundle from npm (web/api-docs/package-lock.json pins it).
find_program(NPM npm REQUIRED NO_CMAKE_FIND_ROOT_PATH)
set(api_docs_dir ${CMAKE_BINARY_DIR}/api-docs)
set(api_docs_stamp ${api_docs_dir}/installed.stamp)
add_custom_command(OUTPUT ${api_docs_stamp}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${api_docs_dir}
  COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/web/api-docs/package.json
          ${PROJECT_SOURCE_DIR}/web/api-docs/package-lock.json ${api_docs_dir}
  COMMAND ${NPM} ci --prefix ${api_docs_dir} --no-audit --no-fund --loglevel=error
  COMMAND ${CMAKE_COMMAND} -E touch ${api_docs_stamp}
  DEPENDS ${PROJECT_SOURCE_DIR}/web/api-docs/package.json
          ${PROJECT_SOURCE_DIR}/web/api-docs/package-lock.json
  COMMENT "Fetching Swagger UI for /api/docs")

set(dist_stamp ${CMAKE_CURRENT_BINARY_DIR}/dist.stamp)
add_custom_command(OUTPUT ${dist_stamp}
  COMMAND ${CMAKE_COMMAND} -E env NODE=${NODEJS}
          ${DEBIAN_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/tools/package_dist.py
          $<TARGET_FILE_DIR:camera_counter_ui> ${PROJECT_SOURCE_DIR}/web ${DIST_DIR}
          ${api_docs_dir}/node_modules/swagger-ui-dist ${dev_flag}
  COMMAND ${CMAKE_COMMAND} -E touch ${dist_stamp}
  DEPENDS camera_counter_ui ${web_files} ${api_docs_stamp}
          ${CMAKE_CURRENT_SOURCE_DIR}/tools/package_dist.py
          ${CMAKE_CURRENT_SOURCE_DIR}/tools/minify_js.js
  COMMENT "Packaging the UI into ${DIST_DIR}")
add_custom_target(ui_dist ALL DEPENDS ${dist_stamp})
