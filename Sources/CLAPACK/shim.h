#ifndef TUOPIN_CLAPACK_SHIM_H
#define TUOPIN_CLAPACK_SHIM_H
#include <cblas.h>
#include <lapacke.h>
/* OpenBLAS thread control, declared in its cblas.h; repeated here so the
   module exposes it whichever cblas.h the include path finds first. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
#endif
