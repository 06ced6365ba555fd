"""The Textual board: the only package of the tracker that imports textual."""
