package fr.signalement.geo;

/** Where a point falls in the commune's geography. */
public record Place(boolean insideCommune, String quartierCode, String quartierName, String sectorCode,
                    String address, Double addressDistanceM) {
}
