"""Review of a supplier's verwerkersovereenkomst against the model agreement."""
