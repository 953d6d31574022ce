#include "sim/tariff_loader.h"

namespace p15::sim {

Result<Tariff> make_tariff(const std::string& name, const std::string& data_dir) {
  if (name == "flat") return load_flat_tariff(kSeedImportPerKwh, kSeedExportPerKwh, "us-pacific");
  if (name == "tou-nbt") return load_tou_nbt_tariff(data_dir + "/" + kNbt25File);
  return Error{"unknown tariff '" + name + "' (flat, tou-nbt)"};
}

}  // namespace p15::sim
