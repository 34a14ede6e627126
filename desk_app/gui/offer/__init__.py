"""The offer of new work and the screen pop beside it: banner, caller record, alert."""
