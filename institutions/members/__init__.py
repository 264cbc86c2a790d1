"""Who runs an institution: claims of one already on the register, its owner's invitations, members removed."""
