package fr.signalement.geo;

import fr.signalement.common.Row;

/**
 * Where a point falls in the served territory: its commune (none outside every served commune),
 * the pack that brought that commune, quartier, sector and the nearest address or named place.
 */
public record Place(String inseeCode, String communeName, String territory, String quartierCode, String quartierName,
                    String sectorCode, String address, Double addressDistanceM) {
    /** The place from a row of {@link GeoSql#LOCATE}'s columns. */
    public static Place of(Row row) {
        String address = row.text("address");
        return new Place(row.text("insee_code"), row.text("commune_name"), row.text("territory"), row.text("quartier_code"),
                row.text("quartier_name"), row.text("sector_code"), address == null || address.isBlank() ? null : address,
                row.decimal("address_distance"));
    }

    public boolean insideCommune() {
        return inseeCode != null;
    }
}
