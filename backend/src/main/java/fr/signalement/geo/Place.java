package fr.signalement.geo;

/**
 * Where a point falls in the served territory: its commune (none outside every served commune),
 * the pack that brought that commune, quartier, sector and the nearest address or named place.
 */
public record Place(String inseeCode, String communeName, String territory, String quartierCode, String quartierName,
                    String sectorCode, String address, Double addressDistanceM) {
    public boolean insideCommune() {
        return inseeCode != null;
    }
}
