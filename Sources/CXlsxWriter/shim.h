#ifndef PADDYMETHANE_CXLSXWRITER_SHIM_H
#define PADDYMETHANE_CXLSXWRITER_SHIM_H

#include <xlsxwriter.h>

#endif
