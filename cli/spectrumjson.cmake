# candor_spectrumjson: the `spectrum show --json` shape (docs/cli.md), kept apart from the
# CLI so it can be built and tested without Qt. Included from cli/CMakeLists.txt, and
# from tests/importers when the Qt parts (and so cli/) are switched off.
if(TARGET candor_spectrumjson)
  return()
endif()
find_package(nlohmann_json 3 REQUIRED)
add_library(candor_spectrumjson STATIC ${CMAKE_CURRENT_LIST_DIR}/spectrumjson.cpp)
target_include_directories(candor_spectrumjson PUBLIC ${CMAKE_CURRENT_LIST_DIR}/include)
target_link_libraries(candor_spectrumjson PUBLIC candor_importers nlohmann_json::nlohmann_json)
candor_set_warnings(candor_spectrumjson)
