# cnnc_add_model(<target> SOURCE <model.cnn|.keras|.h5> [NAME <name>] [WEIGHTS <w.safetensors>]
#                [EMBED_WEIGHTS] [INFERENCE_ONLY] [STATIC|SHARED] [TARGET <halide-target>]
#                [SCHEDULE <log> [SCHEDULE_THREADS <n>]])
#
# Compiles a model with cnnc into a library target: link it and include "<name>.h", which declares
# the entry point cnnc_model_<name>(). The target carries the header's folder and the runtime
# (cnnc::cnnrt_static for STATIC, cnnc::cnnrt for SHARED), and is rebuilt when the model, its
# weights or its schedule change.
#   NAME            the model's name, a C identifier (default: <target>)
#   WEIGHTS         the weights to compile in with EMBED_WEIGHTS
#   EMBED_WEIGHTS   compile WEIGHTS (or a Keras file's own weights) into the library
#   INFERENCE_ONLY  no training kernels: a smaller library that cannot train
#   STATIC|SHARED   <name>.a or <name>.so (default: STATIC, SHARED when BUILD_SHARED_LIBS is on)
#   TARGET          the Halide target of the kernels (default: host)
#   SCHEDULE        a cnn-tune log: each kernel takes its best recorded schedule (cnnc --schedule)
#   SCHEDULE_THREADS  the thread count to take records of (default: the build machine's cores)
# Without EMBED_WEIGHTS a Keras SOURCE's weights are written beside the library as
# <name>.safetensors.
function(cnnc_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "EMBED_WEIGHTS;INFERENCE_ONLY;STATIC;SHARED"
    "SOURCE;NAME;WEIGHTS;TARGET;SCHEDULE;SCHEDULE_THREADS" "")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "cnnc_add_model(${target}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_SOURCE)
    message(FATAL_ERROR "cnnc_add_model(${target}): SOURCE <model> is required")
  endif()
  if(ARG_STATIC AND ARG_SHARED)
    message(FATAL_ERROR "cnnc_add_model(${target}): STATIC and SHARED exclude each other")
  endif()
  if(ARG_WEIGHTS AND NOT ARG_EMBED_WEIGHTS)
    message(FATAL_ERROR "cnnc_add_model(${target}): WEIGHTS is for EMBED_WEIGHTS; without it, "
      "load the weights at run time with cnn_load_weights()")
  endif()
  if(NOT ARG_NAME)
    set(ARG_NAME ${target})
  endif()
  if(NOT ARG_NAME MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "cnnc_add_model(${target}): the model's name '${ARG_NAME}' is not a C "
      "identifier; give one with NAME")
  endif()
  if(ARG_SHARED OR (BUILD_SHARED_LIBS AND NOT ARG_STATIC))
    set(kind SHARED)
    set(extension .so)
    set(runtime cnnc::cnnrt)
  else()
    set(kind STATIC)
    set(extension .a)
    set(runtime cnnc::cnnrt_static)
  endif()

  get_filename_component(source "${ARG_SOURCE}" ABSOLUTE)
  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${target}.cnnc")
  set(library "${dir}/${ARG_NAME}${extension}")
  set(header "${dir}/${ARG_NAME}.h")
  set(command cnnc::cnnc "${source}" -o "${library}" "--name=${ARG_NAME}")
  set(depends "${source}" cnnc::cnnc)
  if(ARG_EMBED_WEIGHTS AND ARG_WEIGHTS)
    get_filename_component(weights "${ARG_WEIGHTS}" ABSOLUTE)
    list(APPEND command "--embed-weights=${weights}")
    list(APPEND depends "${weights}")
  elseif(ARG_EMBED_WEIGHTS)
    list(APPEND command --embed-weights)
  endif()
  if(ARG_INFERENCE_ONLY)
    list(APPEND command --inference-only)
  endif()
  if(ARG_TARGET)
    list(APPEND command "--target=${ARG_TARGET}")
  endif()
  if(ARG_SCHEDULE)
    get_filename_component(schedule "${ARG_SCHEDULE}" ABSOLUTE)
    list(APPEND command "--schedule=${schedule}")
    list(APPEND depends "${schedule}")
  endif()
  if(ARG_SCHEDULE_THREADS)
    list(APPEND command "--schedule-threads=${ARG_SCHEDULE_THREADS}")
  endif()

  file(MAKE_DIRECTORY "${dir}")
  add_custom_command(OUTPUT "${library}" "${header}"
    COMMAND ${command}
    DEPENDS ${depends}
    COMMENT "Compiling model ${ARG_NAME} with cnnc"
    VERBATIM)
  add_custom_target(${target}.cnnc DEPENDS "${library}" "${header}")
  add_library(${target} ${kind} IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES
    IMPORTED_LOCATION "${library}"
    INTERFACE_INCLUDE_DIRECTORIES "${dir}"
    INTERFACE_LINK_LIBRARIES ${runtime})
  add_dependencies(${target} ${target}.cnnc)
endfunction()
