"""Project-wide pieces above the layers: settings, domain errors and Danish formatting."""
