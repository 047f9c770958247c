# Writes INPUT as a C++ raw string literal to OUTPUT.
file(READ ${INPUT} text)
file(WRITE ${OUTPUT} "R\"cnnc_embedded(${text})cnnc_embedded\"")
