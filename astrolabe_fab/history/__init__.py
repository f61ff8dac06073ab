"""The period's facts, as data with their sources: Chaucer's Treatise on the Astrolabe (1391)
in W. W. Skeat's edition (Chaucer's Works, vol. III, Oxford 1894; text, commentary and notes
on Wikisource), and the medieval star names of European astrolabes.

Nothing here draws: the parts read these tables (hour letters of the limb, the feasts of the
calendar, the names engraved for the stars).
"""
