"""Chinese data the members app needs: roster column headers and value words, surname readings."""
