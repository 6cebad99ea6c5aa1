// plugin.cpp — registers the ffisan pass with LLVM's new pass manager; the
// only C++ of the pass (the logic is C over LLVM-C, see module.c). The pass
// runs at OptimizerLast (clang -fpass-plugin=, rustc -Z llvm-plugins=) and
// under the pipeline name `ffisan` (opt -passes=ffisan), each time followed
// by AlwaysInlinerPass, which inlines the __ffisan_check_* helpers.
// Built with -fno-rtti and not linked against libLLVM: the host provides
// LLVM (clang-22, opt-22 or rustc's bundled libLLVM).
#include "llvm-c/Types.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Transforms/IPO/AlwaysInliner.h"

extern "C" int ffisan_instrument_module(LLVMModuleRef mod);

namespace {

struct FfisanPass : llvm::PassInfoMixin<FfisanPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &) {
    if (!ffisan_instrument_module(llvm::wrap(&M)))
      return llvm::PreservedAnalyses::all();
    return llvm::PreservedAnalyses::none();
  }
  static bool isRequired() { return true; }
};

void addPasses(llvm::ModulePassManager &MPM) {
  MPM.addPass(FfisanPass());
  MPM.addPass(llvm::AlwaysInlinerPass(/*InsertLifetimeIntrinsics=*/false));
}

void registerCallbacks(llvm::PassBuilder &PB) {
  PB.registerOptimizerLastEPCallback(
      [](llvm::ModulePassManager &MPM, llvm::OptimizationLevel,
         llvm::ThinOrFullLTOPhase) { addPasses(MPM); });
  PB.registerPipelineParsingCallback(
      [](llvm::StringRef Name, llvm::ModulePassManager &MPM,
         llvm::ArrayRef<llvm::PassBuilder::PipelineElement>) {
        if (Name != "ffisan")
          return false;
        addPasses(MPM);
        return true;
      });
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK __attribute__((visibility("default")))
::llvm::PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "ffisan", "1", registerCallbacks};
}
